# TOPP tests of SpecEmbeddingTrainer: a short real training run, resume after kill -9, and errors.
set(TRAINER ${BIN}/SpecEmbeddingTrainer)
set(TRAINER_DATA ${PROJECT_SOURCE_DIR}/test/data/trainer)
set(TRAINER_WORK ${WORK}/trainer)
file(MAKE_DIRECTORY ${TRAINER_WORK})
set(TINY_MODEL -architecture:embedding_dim 32 -architecture:n_head 2 -architecture:n_layer 2 -architecture:dim_feedforward 64 -architecture:dim_target 32)

# A real subset of train.msp: every 20th compound with up to 6 spectra (925 spectra, 201 compounds).
add_test(NAME trainer_subset
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/make_train_subset.sh ${SHARED_DIR}/data/massbank/train.msp ${TRAINER_WORK}/subset.msp 20 6)
set_tests_properties(trainer_subset PROPERTIES FIXTURES_SETUP train_subset)

# End to end, well under a minute: the loss falls and validation top-1 (validation spectra plus 300 training
# spectra as distractors) ends clearly above the untrained model's (epoch 0). Every epoch's weights are written too.
add_tool_test(trainer_train_subset
  COMMAND ${TRAINER} -test -threads 1 -in ${TRAINER_WORK}/subset.msp -out ${TRAINER_WORK}/subset.model
          -out_log ${TRAINER_WORK}/subset_log.tsv ${TINY_MODEL} -epochs 6 -epoch_factor 5 -compounds_per_batch 32
          -learning_rate 2e-3 -validation_fraction 0.3 -validation_distractors 300 -epoch_models -mass_window_rounds 2
  MESSAGE "Before training: validation loss" EXISTS_FILE ${TRAINER_WORK}/subset.model DEPENDS train_subset)
set_tests_properties(trainer_train_subset PROPERTIES FIXTURES_SETUP trained_subset)
add_test(NAME trainer_train_subset_learns COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_training_log.sh ${TRAINER_WORK}/subset_log.tsv 0.2)
set_tests_properties(trainer_train_subset_learns PROPERTIES FIXTURES_REQUIRED trained_subset)
# SupCon alone, all a build without RDKit offers, learns too.
add_tool_test(trainer_supcon
  COMMAND ${TRAINER} -test -threads 1 -in ${TRAINER_WORK}/subset.msp -out ${TRAINER_WORK}/supcon.model
          -out_log ${TRAINER_WORK}/supcon_log.tsv ${TINY_MODEL} -epochs 6 -epoch_factor 5 -compounds_per_batch 32
          -learning_rate 2e-3 -validation_fraction 0.3 -validation_distractors 300 -loss supcon
  EXISTS_FILE ${TRAINER_WORK}/supcon.model DEPENDS train_subset)
set_tests_properties(trainer_supcon PROPERTIES FIXTURES_SETUP trained_supcon)
add_test(NAME trainer_supcon_learns COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_training_log.sh ${TRAINER_WORK}/supcon_log.tsv 0.2)
set_tests_properties(trainer_supcon_learns PROPERTIES FIXTURES_REQUIRED trained_supcon)
# So does training with bfloat16 matrix products (float32 where the CPU does not run them fast).
add_tool_test(trainer_bf16
  COMMAND ${TRAINER} -test -threads 1 -in ${TRAINER_WORK}/subset.msp -out ${TRAINER_WORK}/bf16.model
          -out_log ${TRAINER_WORK}/bf16_log.tsv ${TINY_MODEL} -epochs 6 -epoch_factor 5 -compounds_per_batch 32
          -learning_rate 2e-3 -validation_fraction 0.3 -validation_distractors 300 -loss supcon -precision bf16
  MESSAGE "Training precision: " EXISTS_FILE ${TRAINER_WORK}/bf16.model DEPENDS train_subset)
set_tests_properties(trainer_bf16 PROPERTIES FIXTURES_SETUP trained_bf16)
add_test(NAME trainer_bf16_learns COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_training_log.sh ${TRAINER_WORK}/bf16_log.tsv 0.2)
set_tests_properties(trainer_bf16_learns PROPERTIES FIXTURES_REQUIRED trained_bf16)
# -device cuda: trains on a GPU where LibTorch has CUDA and sees one; skipped (after checking the refusal) elsewhere.
add_test(NAME trainer_cuda
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cuda_training.sh ${TRAINER} ${BIN}/SpecEmbeddingAnnotator
                 ${CMAKE_CURRENT_SOURCE_DIR}/check_training_log.sh ${TRAINER_WORK}/subset.msp ${TRAINER_DATA}/bad_smiles.msp ${TRAINER_WORK}/cuda)
set_tests_properties(trainer_cuda PROPERTIES FIXTURES_REQUIRED train_subset SKIP_RETURN_CODE 77)
# The trained model file works with the Annotator.
add_tool_test(trainer_model_embeds
  COMMAND ${BIN}/SpecEmbeddingAnnotator -test -in ${TRAINER_DATA}/bad_smiles.msp -model ${TRAINER_WORK}/subset.model
          -out_embeddings ${TRAINER_WORK}/subset_embeddings.tsv
  EXISTS_FILE ${TRAINER_WORK}/subset_embeddings.tsv DEPENDS trained_subset)
# So does an epoch model written by -epoch_models, which records the ion mode of its training spectra too.
add_tool_test(trainer_epoch_model_embeds
  COMMAND ${BIN}/SpecEmbeddingAnnotator -test -in ${TRAINER_DATA}/bad_smiles.msp -model ${TRAINER_WORK}/subset.epoch3.model
          -out_embeddings ${TRAINER_WORK}/subset_epoch3_embeddings.tsv
  MESSAGE "trained on positive-mode spectra"
  EXISTS_FILE ${TRAINER_WORK}/subset_epoch3_embeddings.tsv DEPENDS trained_subset)

# Fine-tuning (-init_model) starts from the trained model's weights and architecture.
add_test(NAME trainer_init_model
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/init_model.sh ${TRAINER} ${TRAINER_WORK}/subset.model ${TRAINER_WORK}/subset_log.tsv
                 ${TRAINER_WORK}/subset.msp ${TRAINER_WORK}/init_model)
set_tests_properties(trainer_init_model PROPERTIES FIXTURES_REQUIRED trained_subset ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON")

# Weight averaging: the kept model averages epochs 2 and 3; with -epoch_models the average is written too.
add_tool_test(trainer_average_from_epoch
  COMMAND ${TRAINER} -test -threads 1 -in ${TRAINER_WORK}/subset.msp -out ${TRAINER_WORK}/averaged.model ${TINY_MODEL}
          -epochs 3 -epoch_factor 1 -compounds_per_batch 32 -validation_fraction 0.3 -average_from_epoch 2 -epoch_models
  MESSAGE "Kept: average of the weights of epochs 2-3" EXISTS_FILE ${TRAINER_WORK}/averaged.average2-3.model DEPENDS train_subset)

add_test(NAME trainer_resume_after_kill
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/resume_after_kill.sh ${TRAINER} ${TRAINER_WORK}/subset.msp ${TRAINER_WORK}/resume)
set_tests_properties(trainer_resume_after_kill PROPERTIES FIXTURES_REQUIRED train_subset
                     ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON")

# Data-parallel training: 2 processes on loopback train the weights of 1 process, a killed rank stops the
# other with a clear message, and the run resumes from rank 0's checkpoint.
if(GLOO_INCLUDE_DIR AND GLOO_LIBRARY)
  add_test(NAME trainer_data_parallel
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/data_parallel.sh ${TRAINER} ${BIN}/SpecEmbeddingAnnotator ${BIN}/CompareEmbeddings
                   ${TRAINER_WORK}/subset.msp ${SHARED_DIR}/data/massbank/dev_query.msp ${TRAINER_WORK}/data_parallel)
  set_tests_properties(trainer_data_parallel PROPERTIES FIXTURES_REQUIRED train_subset PASS_REGULAR_EXPRESSION "PASS" TIMEOUT 600)
endif()
add_tool_test(trainer_rank_outside_the_group EXPECT failure
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/bad_smiles.msp -out ${TRAINER_WORK}/outside.model ${TINY_MODEL} -epochs 1 -world_size 2 -rank 2
  MESSAGE "rank 2 is outside the group" ABSENT ${TRAINER_WORK}/outside.model)

# Errors: a clear message, an OpenMS exit code, and no model file.
set(FAST_TRAINING ${TINY_MODEL} -epochs 1 -epoch_factor 1 -compounds_per_batch 8)
add_tool_test(trainer_init_model_with_calibrate EXPECT failure
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/bad_smiles.msp -out ${TRAINER_WORK}/two_modes.model ${FAST_TRAINING}
          -calibrate ${WORK}/small.model -init_model ${WORK}/small.model
  MESSAGE "-calibrate and -init_model do not go together" ABSENT ${TRAINER_WORK}/two_modes.model DEPENDS model_small)
add_tool_test(trainer_init_model_with_import_checkpoint EXPECT failure
  COMMAND ${TRAINER} -test -import_checkpoint ${PARITY}/small/reference_state_dict.ckpt -init_model ${WORK}/small.model
          -out ${TRAINER_WORK}/two_modes_imported.model
  MESSAGE "-import_checkpoint and -init_model do not go together" ABSENT ${TRAINER_WORK}/two_modes_imported.model DEPENDS model_small)
add_tool_test(trainer_resume_with_calibrate EXPECT failure
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/bad_smiles.msp -calibrate ${WORK}/small.model -resume ${WORK}/small.model
          -out ${TRAINER_WORK}/resumed_calibration.model
  MESSAGE "-resume continues a training: it does not go with -calibrate" ABSENT ${TRAINER_WORK}/resumed_calibration.model DEPENDS model_small)
add_tool_test(trainer_no_annotated_spectra EXPECT failure
  COMMAND ${TRAINER} -test -in ${PROJECT_SOURCE_DIR}/test/data/annotator/no_inchikey.msp -out ${TRAINER_WORK}/none.model ${FAST_TRAINING}
  MESSAGE "training needs spectra annotated with an InChIKey" ABSENT ${TRAINER_WORK}/none.model)
add_tool_test(trainer_single_compound EXPECT failure
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/single_compound.msp -out ${TRAINER_WORK}/single.model ${FAST_TRAINING}
  MESSAGE "contrastive training needs at least two compounds" ABSENT ${TRAINER_WORK}/single.model)
add_tool_test(trainer_unreadable_input EXPECT failure
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/unreadable.msp -out ${TRAINER_WORK}/unreadable.model ${FAST_TRAINING}
  MESSAGE "unreadable.msp', record 1" ABSENT ${TRAINER_WORK}/unreadable.model)
add_tool_test(trainer_missing_input EXPECT failure
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/does_not_exist.msp -out ${TRAINER_WORK}/missing.model ${FAST_TRAINING}
  MESSAGE "does_not_exist.msp" ABSENT ${TRAINER_WORK}/missing.model)
add_tool_test(trainer_mass_window_rounds_above_epoch_factor EXPECT failure
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/bad_smiles.msp -out ${TRAINER_WORK}/windows.model ${FAST_TRAINING} -mass_window_rounds 2
  MESSAGE "mass_window_rounds (2) cannot exceed epoch_factor (1)" ABSENT ${TRAINER_WORK}/windows.model)
add_tool_test(trainer_average_from_epoch_after_the_last EXPECT failure
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/bad_smiles.msp -out ${TRAINER_WORK}/late_average.model ${FAST_TRAINING}
          -average_from_epoch 2
  MESSAGE "average_from_epoch (2) is after the last epoch (1)" ABSENT ${TRAINER_WORK}/late_average.model)
# An unparsable SMILES is a warning: that compound is left out of the Tanimoto term, training goes on.
add_tool_test(trainer_unparsable_smiles
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/bad_smiles.msp -out ${TRAINER_WORK}/bad_smiles.model ${FAST_TRAINING}
          -validation_fraction 0
  MESSAGE "left out of the Tanimoto loss" EXISTS_FILE ${TRAINER_WORK}/bad_smiles.model)
# Without validation the final weights are kept, and the log says so instead of printing NaN figures.
add_tool_test(trainer_without_validation
  COMMAND ${TRAINER} -test -in ${TRAINER_DATA}/bad_smiles.msp -out ${TRAINER_WORK}/unvalidated.model ${FAST_TRAINING}
          -validation_fraction 0
  MESSAGE "compounds, without validation. Kept: final epoch (epoch 1)." EXISTS_FILE ${TRAINER_WORK}/unvalidated.model)

# -calibrate on an epoch model holds out the compounds its run held out: the epoch model records the run's
# options (here -validation_fraction 0.3, not the default 0.1).
add_tool_test(trainer_calibrate_epoch_model
  COMMAND ${TRAINER} -test -threads 1 -in ${TRAINER_WORK}/subset.msp -calibrate ${TRAINER_WORK}/subset.epoch3.model
          -out ${TRAINER_WORK}/subset.epoch3.calibrated.model
  MESSAGE "on its held-out compounds (validation fraction 0.3, seed" EXISTS_FILE ${TRAINER_WORK}/subset.epoch3.calibrated.model DEPENDS trained_subset)
